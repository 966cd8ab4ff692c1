from bulletin_pdf.commands.cli import main

raise SystemExit(main())
