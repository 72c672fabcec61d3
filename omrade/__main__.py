from omrade.cli import main

main()
