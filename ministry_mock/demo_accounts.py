"""The published demo accounts of the mock (cheap to import: the client's demo mode shows them).

All credentials here are for a mock server with synthetic data, printed on the sign-in screen.
"""

DEMO_STAFF_USERNAME = "canbo.demo"
DEMO_STAFF_PASS = "Demo@2026"  # noqa: S105 - published demo credential of a mock server
DEMO_STAFF_DISPLAY_NAME = "Nguyễn Thị Lan (cán bộ demo)"
DEMO_OTHER_STAFF_USERNAME = "canbo.demo2"
DEMO_ADMIN_USERNAME = "quantri.demo"
DEMO_ADMIN_PASS = "Admin@2026"  # noqa: S105 - published demo credential of a mock server
DEMO_CANDIDATE_PASS = "Thisinh@26"  # noqa: S105 - published demo credential of a mock server
