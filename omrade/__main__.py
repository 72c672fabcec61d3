from omrade.entry import main

main()
