from ftcomply.cli import main

main()
