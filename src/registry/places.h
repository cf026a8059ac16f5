// Building and business use cases (places.cpp), called by the routes in places_http.cpp.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/context.h"
#include "core/storage/database.h"
#include "registry/model.h"

namespace wangge::registry {

class Service;

struct BuildingList {
  std::vector<Building> items;
  std::map<std::int64_t, std::int64_t> households;  // per building
};
BuildingList list_buildings(Service& svc, const std::vector<std::string>& scope,
                            const std::optional<std::string>& region_path, int limit);
// Buildings with a point in the box, nearest its centre first, at most limit: what the maps
// draw around a place for every account (a building's name and point are public, like the
// grid notice boards; no scope, nothing about its households).
std::vector<Building> buildings_near(Service& svc, double min_lng, double min_lat, double max_lng, double max_lat,
                                     int limit);
// Adds a checked building at its place (the caller's write access checked); 409 on a name
// taken there.
Building add_building(Service& svc, const Context& ctx, Building b);
// The same inside the caller's transaction (the demo's bulk load).
Building add_building(Service& svc, storage::Tx& tx, const Context& ctx, Building b);

std::vector<Business> list_businesses(Service& svc, const std::vector<std::string>& scope,
                                      const std::optional<std::string>& region_path, int limit);
// Registers a checked business, its owner one the caller may read and its building at its
// place; 409 on a credit code registered already.
Business register_business(Service& svc, const Context& ctx, Business b);

}  // namespace wangge::registry
