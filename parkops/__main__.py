from parkops.cli import main

main()
