"""``python -m jkncost.cli``."""

import sys

from jkncost.cli.main import main

sys.exit(main())
