// The scope matrix's table (scope_matrix_test.cpp) in parts: the newer modules classify
// their own routes in scope_<module>.cpp, with the same two verbs as the table's body.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace wangge::testing {

// How a route is tried: a target (path and query) and a body, with placeholders filled from
// one foreign place ({grid}, {community}, {town}, {marker}, the place's `more` and the
// world's `home` entries, ...); `list`: a 2xx is fine if it carries no foreign marker.
struct Probe {
  std::string target;
  std::string body;
  bool list = false;
};

// probe(route, probes): how "METHOD /pattern" is tried; none(route, why): why it reaches no
// territorial record.
struct ScopeTable {
  std::function<void(const std::string& route, std::vector<Probe> probes)> probe;
  std::function<void(const std::string& route, const std::string& why)> none;
};

void add_party_probes(const ScopeTable& t);       // scope_party.cpp
void add_teams_probes(const ScopeTable& t);       // scope_teams.cpp
void add_cobuild_probes(const ScopeTable& t);     // scope_cobuild.cpp
void add_emergency_probes(const ScopeTable& t);   // scope_emergency.cpp
void add_assessment_probes(const ScopeTable& t);  // scope_assessment.cpp

}  // namespace wangge::testing
