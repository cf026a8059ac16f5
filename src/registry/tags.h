// Tag use cases (tags.cpp), called by the routes in tags_http.cpp. Tags are dated rows;
// ending one keeps it in the person's tag history.
#pragma once

#include <cstdint>
#include <string>

#include "core/context.h"
#include "core/storage/database.h"
#include "registry/model.h"

namespace wangge::registry {

class Service;

// Tags a person the caller may write from t.since; the tag as stored.
Tag tag_person(Service& svc, const Context& ctx, Tag t);
// The same inside the caller's transaction (the demo's bulk load).
Tag tag_person(Service& svc, storage::Tx& tx, const Context& ctx, Tag t);
// Ends a current tag of a person on `until`; the tag as ended.
Tag end_tag(Service& svc, const Context& ctx, std::int64_t person_id, std::int64_t tag_id, const std::string& until);

}  // namespace wangge::registry
