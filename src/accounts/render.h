// The JSON forms of the accounts module's records in answers.
#pragma once

#include "accounts/service.h"
#include "core/http/schema.h"
#include "core/json.h"

namespace wangge::accounts {

// The schemas of the module's answers (schemas.cpp): User, Grant, CurrentUser, LoginSession, Role, ...
void register_schemas(schema::Components& c);

json::object grant_json(const Grant& g);
// The caller of /auth/me and of a login: grants and effective permissions.
json::object principal_json(const Principal& p);
json::object user_json(const User& u);

}  // namespace wangge::accounts
