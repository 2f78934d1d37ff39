"""`python -m afghan_dialogues` runs the command line."""

from afghan_dialogues.cli import main

main()
