from leafprint.cli import main

main()
