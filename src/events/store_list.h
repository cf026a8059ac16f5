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

// Whether list_query's statement for `f` is run planned for its values every time
// (Tx::exec_custom_plan) rather than prepared. A tab with a further filter (overdue,
// supervised, extension, category, source, dates, text, ...) has walks that may take a
// partial or another index, and which one is right depends on the values: after five runs
// PostgreSQL kept a generic plan that walked every red event for one reporter's overdue
// events. A plain tab's walks each have one index, the same for every value; prepared, the
// department pairs' walk is planned once (7.6 ms of planning for a handler's "all" tab).
bool list_plans_per_call(const ListFilter& f);

}  // namespace wangge::events::store
