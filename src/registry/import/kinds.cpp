// The kinds by name.
#include "registry/import/kinds.h"

namespace wangge::registry::import {

const std::vector<Column>* columns_of(const std::string& kind) {
  if (kind == "persons") return &PersonImport::columns();
  if (kind == "households") return &HouseholdImport::columns();
  if (kind == "buildings") return &BuildingImport::columns();
  if (kind == "businesses") return &BusinessImport::columns();
  return nullptr;
}

const char* permission_of(const std::string& kind) {
  if (kind == "households") return HouseholdImport::kPermission;
  if (kind == "buildings") return BuildingImport::kPermission;
  if (kind == "businesses") return BusinessImport::kPermission;
  return PersonImport::kPermission;
}

}  // namespace wangge::registry::import
