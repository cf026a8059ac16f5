// The events list's SQL (store::list, store::list_ids; store_list.cpp).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/storage/database.h"
#include "events/store.h"

namespace wangge::events::store {

// SELECT `columns` of the page's events, newest first: one walk per way the caller reaches
// events (their territory, their departments, their own reports, whistles) and per status,
// each stopping at the page's end, merged (docs/EVENTS.md "Queues at ten million events").
std::pair<std::string, std::vector<storage::Value>> list_query(storage::Tx& tx, const ListFilter& f,
                                                               const std::string& columns);

}  // namespace wangge::events::store
