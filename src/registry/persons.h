// Person use cases (persons.cpp), called by the routes in persons_http.cpp: search within
// scope, register, read (audited), correct, unmask with a reason (audited).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/context.h"
#include "core/json.h"
#include "registry/model.h"
#include "registry/rules.h"
#include "registry/store.h"

namespace wangge::registry {

class Service;

struct PersonSearch {
  store::PersonFilter filter;              // scope and region already resolved
  std::optional<std::string> region_code;  // as asked (recorded in the audit row)
  int limit = 50;
};
struct PersonPage {
  std::vector<Person> items;  // current tags loaded
  bool more = false;
};
// The persons list's search from the request's query (region, q, match, tag,
// household_id, residence_type, cursor); throws invalid_query or forbidden.
PersonSearch person_search(Service& svc, Context& ctx);
// One page of persons; the search is audited (what kind of search, never its value).
PersonPage search_persons(Service& svc, const Context& ctx, PersonSearch search);

struct NewPerson {
  PersonInput input;
  std::optional<std::int64_t> household_id;  // into this household with `relation`
  std::string relation, moved_in_on;
  std::string region_code;  // or at this place
};
Person register_person(Service& svc, const Context& ctx, const NewPerson& in);
// The same inside the caller's transaction (the demo's bulk load).
Person register_person(Service& svc, storage::Tx& tx, const Context& ctx, const NewPerson& in);

struct PersonFile {
  Person person;  // current tags loaded
  std::vector<Tag> history;
};
// A person the caller may read; the read is audited.
PersonFile read_person(Service& svc, const Context& ctx, std::int64_t id);

// Applies `in` to the person at `version`; `fields` names what was sent (audited).
Person correct_person(Service& svc, const Context& ctx, std::int64_t id, std::int64_t version, const PersonInput& in,
                      json::array fields);

struct Unmasked {
  std::optional<std::string> id_number, phone;
};
// The plain ID number and phone, for a stated reason (audited before they are answered).
Unmasked unmask_person(Service& svc, const Context& ctx, std::int64_t id, const std::string& reason);

}  // namespace wangge::registry
