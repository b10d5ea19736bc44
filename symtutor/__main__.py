"""``python -m symtutor``: the same as the ``symtutor`` command."""
from symtutor.cli.main import run

if __name__ == "__main__":
    run()
