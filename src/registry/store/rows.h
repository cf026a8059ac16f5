// Row codecs and SQL fragments shared by the registry's store files (store/*.cpp only).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/storage/database.h"
#include "registry/model.h"

namespace wangge::registry::store::detail {

using storage::Value;

template <typename T>
Value opt(const std::optional<T>& v) {
  return v ? Value(*v) : Value(nullptr);
}
inline Value blob(const std::optional<std::string>& v) {
  return v ? Value(storage::Blob{*v}) : Value(nullptr);
}

// Each table's columns in the order its decode_* reads them (defined in rows.cpp, so
// that the compiler does not size string concatenations by them).
extern const char* const kPersonColumns;
extern const char* const kHouseholdColumns;
extern const char* const kTagColumns;
extern const char* const kMembershipColumns;
extern const char* const kBuildingColumns;
extern const char* const kBusinessColumns;
extern const char* const kVisitColumns;
extern const char* const kImportColumns;
inline constexpr std::size_t kBusinessColumnCount = 10;

void scope_clause(const std::vector<std::string>& paths, std::string& sql, std::vector<Value>& p);
void under(const std::optional<std::string>& path, std::string& sql, std::vector<Value>& p);
std::string prefixed(std::string_view columns, std::string_view alias);
Person decode_person(const storage::Row& r);
std::vector<Value> person_values(const Person& p);
Household decode_household(const storage::Row& r);
Tag decode_tag(const storage::Row& r);
Membership decode_membership(const storage::Row& r);
Building decode_building(const storage::Row& r);
Business decode_business(const storage::Row& r);
Visit decode_visit(const storage::Row& r);

}  // namespace wangge::registry::store::detail
