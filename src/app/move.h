// `wangge move-to --database postgresql://...`: moves a stopped SQLite deployment (its
// database, its files) into an empty PostgreSQL database, and verifies the copy: row counts
// and digests of every table, and every file byte for byte. Personal data stays sealed
// under the same data key; the nodes that then run on PostgreSQL must use that key.
// See docs/CLUSTER.md "From SQLite to PostgreSQL".
#pragma once

#include <iosfwd>
#include <string>

#include "core/config.h"

namespace wangge {

// Moves the SQLite deployment `cfg` names (its database, data key and files) into
// `target_url`, writing what it does to `out`. Returns 0 when the copy is verified equal,
// 1 when a table or file differs. Throws std::runtime_error when it cannot start (a server
// still running on the SQLite file, a target that is not empty, schemas that differ) or
// fails on the way; the target then holds nothing of the source's rows.
int move_to(const Config& cfg, const std::string& target_url, std::ostream& out);

}  // namespace wangge
