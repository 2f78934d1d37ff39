"""`python -m afghan_dialogues` runs the command line."""

from afghan_dialogues.cli import run

if __name__ == "__main__":  # not when a worker process re-imports the main module (spawn)
    run()
