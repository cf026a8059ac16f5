// The registry's rules over typed input, shared by the API and the CSV import. Each side
// turns its representation (a JSON body, a CSV record) into an input here, and reads the
// problems its own way: the API stops at the first (Problems::first), the import collects
// every problem of a row.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/crypto.h"
#include "registry/model.h"

namespace wangge::registry {

// Where a check reports what is wrong with a field.
class Problems {
 public:
  virtual ~Problems() = default;
  virtual void add(const char* field, std::string en, std::string zh) = 0;
  // Throws a 422 naming the field at the first problem (the API).
  static Problems& first();
};

// A value that may be left alone (not sent), cleared (sent as null) or set.
template <typename T>
struct Change {
  bool sent = false;
  std::optional<T> value;  // nullopt when sent: clear it
  bool set() const { return sent && value.has_value(); }
};

// A person's fields as given: only those sent are applied when correcting. Strings are in
// their column's form already (a date is YYYY-MM-DD, a gender male or female, a residence
// type one of kResidenceTypes); what they say is checked by check_person.
struct PersonInput {
  std::optional<std::string> name;
  Change<std::string> id_number;  // as typed
  std::optional<std::string> gender;
  std::optional<std::string> birth_date;
  Change<std::string> phone;  // as typed
  std::optional<std::string> residence_type;
  Change<std::string> floating_registered_on, floating_expires_on;
  std::optional<std::string> note;
};

struct PersonRules {
  std::string today;                // YYYY-MM-DD
  bool creating = true;             // else correcting the person passed in
  bool id_number_required = false;  // an import matches rows by ID number
};

// What a check found that is kept sealed: the normalized ID number and phone, empty when
// not given (or, for the phone, cleared).
struct PersonSecrets {
  std::string id_number, phone;
};

// Applies `in` to `p`, checking each rule in turn: the ID number (its check character and
// birth date; gender and birth date then come from it), a phone that is a mobile or a
// landline, residence permit dates only for floating residents and in order. Sets the
// blind indexes and masks of the ID number and phone; sealing the returned secrets is the
// caller's (an import seals on its own thread).
PersonSecrets check_person(const PersonInput& in, Person& p, const PersonRules& rules, const Crypto& crypto,
                           Problems& problems);

// A household's housing as given: only a rented home has a landlord.
struct HouseholdInput {
  std::string housing_type;  // one of kHousingTypes
  std::optional<std::int64_t> landlord_id;
};
void check_household(const HouseholdInput& in, Problems& problems);

// A building's size and place on the map: 1 to 200 floors, coordinates in range.
struct BuildingInput {
  std::optional<double> floors, lat, lng;
};
void check_building(const BuildingInput& in, Problems& problems);

// A business's unified social credit code, when it has one.
struct BusinessInput {
  std::optional<std::string> licence_no;  // upper case
};
void check_business(const BusinessInput& in, Problems& problems);

// GB 32100-2015: 18 characters from 0-9 and the capitals without I, O, S, V, Z; the last
// is a check character (weights 3^i mod 31).
bool valid_credit_code(std::string_view code);

}  // namespace wangge::registry
