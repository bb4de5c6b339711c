import sys

from dashboard.bench.cli import main

sys.exit(main())
