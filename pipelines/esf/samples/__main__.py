from esf.samples import main

main()
