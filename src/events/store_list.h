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
// (Tx::exec_custom_plan) rather than prepared: with a filter a user types or picks (category,
// source, level, sla, region, dates, text, ids, departments), a walk may take another index
// (events_category for a rare category, the trigram indexes), and which one is right depends
// on the values; planning costs about 0.5-1 ms a page at ten million events. The console's
// own tabs stay prepared: a plain tab's walks have one index each whatever the values (and
// the department pairs' walk is planned once), supervised and extension walk their partial
// index on every way, and the overdue tab's other ways are written so that no plan can take
// the red events' index (store_list.cpp).
bool list_plans_per_call(const ListFilter& f);

}  // namespace wangge::events::store
