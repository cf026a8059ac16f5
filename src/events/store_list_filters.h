// The filters every walk of the events list shares, in the forms a walk that must test one
// on its rows needs (store_list.cpp builds the walks; store_list_filters.cpp).
#pragma once

#include <string>
#include <vector>

#include "core/storage/database.h"
#include "events/store.h"

namespace wangge::events::store {

// How a walk tests two of the shared filters: on an index (the default) or on its rows.
struct FilterForms {
  // `sla || '' = 'red'`: a way that keeps its own index under the overdue filter. Prepared,
  // PostgreSQL kept a generic plan after five runs that walked every red event for one
  // reporter's (3,258 pages against 250 on 300,000 events; docs/EVENTS.md).
  bool overdue_on_rows = false;
  // `+id < ?`: the cursor kept off SQLite's rowid (a community's path range, store_list.cpp).
  bool cursor_on_rows = false;
};

// The filters every walk shares (all but the way and the status), each " AND ...", in
// `forms`; the parameters are the same whatever the forms.
void list_filters(storage::Tx& tx, const ListFilter& f, std::string& sql, std::vector<storage::Value>& p,
                  const FilterForms& forms = {});

// Whether `f` is a console's own tab: no filter beyond the statuses and the cursor.
bool plain_tab(const ListFilter& f);

// Whether `f` is a plain tab or the overdue tab (a plain tab with overdue=true): the filters
// a walk over (department, status) pairs may carry (store_list.cpp).
bool plain_or_overdue_tab(const ListFilter& f);

}  // namespace wangge::events::store
