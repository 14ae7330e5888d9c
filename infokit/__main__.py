from infokit.cli import main

main()
