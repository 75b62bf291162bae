"""`python -m followup ...` runs the command line."""

from followup.cli import main

if __name__ == "__main__":
    main()
