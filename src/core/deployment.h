// Facts every node of one deployment must agree on, recorded in the database's deployment
// table by the first node and checked by every node at start. A node that disagrees is
// refused before it serves anything: a node with another data key would seal personal data
// no other node can open, and a node whose "shared" files directory is a local one would
// keep uploads the other nodes never see.
#pragma once

#include <string>

#include "core/crypto.h"

namespace wangge::storage {
class Database;
}

namespace wangge::deployment {

// Records the tag of the data key (a blind index of a fixed text: it reveals nothing of the
// key) on first start; afterwards throws std::runtime_error when `crypto` holds another key.
void verify_data_key(storage::Database& db, const Crypto& crypto);

// Several nodes: every node keeps its files where the others do. `where` is "database" or
// a directory; a directory holds an id (made once, by the first node, with an exclusive
// create, so nodes starting together agree) that the database records, so a node whose
// directory holds another id is not looking at the shared directory. The first node
// records the choice; a node that differs throws std::runtime_error saying what to do.
void verify_files(storage::Database& db, const std::string& where);

}  // namespace wangge::deployment
