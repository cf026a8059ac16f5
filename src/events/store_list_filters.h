// The filters every walk of the events list shares, and their rewrites for a walk that must
// test one on its rows (store_list.cpp builds the walks; store_list_filters.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/storage/database.h"
#include "events/store.h"

namespace wangge::events::store {

// Appends "?, ?, ..." for `ids` to `sql` and the ids to `p`.
void list_in_ids(std::string& sql, std::vector<storage::Value>& p, const std::vector<std::int64_t>& ids);

// The filters every walk shares (all but the way and the status), each " AND ...", the
// cursor's `id < ?` last.
void list_filters(storage::Tx& tx, const ListFilter& f, std::string& sql, std::vector<storage::Value>& p);

// Whether `f` is a console's own tab: no filter beyond the statuses and the cursor.
bool plain_tab(const ListFilter& f);

// `shared` (list_filters' text) with the overdue test in a form no plan takes the red
// events' partial index for.
std::string overdue_on_rows(const ListFilter& f, std::string shared);

// `shared` with the cursor's test on the row (`+id < ?`).
std::string cursor_on_rows(const ListFilter& f, std::string shared);

}  // namespace wangge::events::store
