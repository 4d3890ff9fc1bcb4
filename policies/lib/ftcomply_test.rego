package ftcomply.lib_test

import data.ftcomply.lib

test_is_digest if {
	lib.is_digest("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
	not lib.is_digest("0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef")
	not lib.is_digest(42)
}

test_is_datetime if {
	lib.is_datetime("2026-11-20T10:00:00Z")
	lib.is_datetime("2026-11-20T10:00:00.5+02:00")
	not lib.is_datetime("2026-11-20")
	not lib.is_datetime(null)
}

test_staleness if {
	lib.is_stale("2026-01-01T00:00:00Z") with input.as_of as "2026-11-26T00:00:00Z"
	not lib.is_stale("2026-11-01T00:00:00Z") with input.as_of as "2026-11-26T00:00:00Z"
	lib.is_future("2026-12-01T00:00:00Z") with input.as_of as "2026-11-26T00:00:00Z"
}
