import sys

from exam_client.app import main

sys.exit(main())
