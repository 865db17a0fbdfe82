import sys

from os2portal.embedded_db import main

sys.exit(main(sys.argv[1:]))
