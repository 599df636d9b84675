"""`python -m kg` runs the command line."""

import sys

try:
    from kg.cli import main
except KeyboardInterrupt:  # Ctrl-C while the libraries load: nothing has been touched yet
    sys.stderr.write("interrupted: nothing was changed in the output folder\n")
    sys.exit(130)

main()
