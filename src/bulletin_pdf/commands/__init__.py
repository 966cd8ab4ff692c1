"""Commands: the CLI, the build pipeline and the workflow commands, built on the stages."""
