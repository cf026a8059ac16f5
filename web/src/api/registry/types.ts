/* ---------- types (the server's JSON, src/registry/*.cpp) ---------- */

export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandparent', 'grandchild', 'sibling', 'tenant', 'other'] as const
export type Relation = (typeof RELATIONS)[number]
export const HOUSING_TYPES = ['owned', 'rented', 'public', 'other'] as const
export type HousingType = (typeof HOUSING_TYPES)[number]
export const RESIDENCE_TYPES = ['registered', 'permanent', 'floating'] as const
export type ResidenceType = (typeof RESIDENCE_TYPES)[number]
export const TAG_GROUPS = ['care', 'status', 'key'] as const
export type TagGroup = (typeof TAG_GROUPS)[number]
export type Gender = 'male' | 'female'

/** Limits the server checks (json::get_string / opt_string lengths in src/registry). */
export const REGISTRY_LIMITS = {
  personName: 50,
  phone: 20,
  note: 500,
  address: 200,
  room: 32,
  reason: 200,
  tagNote: 200,
  buildingName: 100,
  businessName: 100,
  businessKind: 32,
  floorsMax: 200,
}

/** The catalogue of tags a person may carry (GET /person-tags). */
export interface TagKind {
  code: string
  name_zh: string
  name_en: string
  group: TagGroup
}

/** A tag a person carries now (inside a person answer). */
export interface PersonTag {
  id: number
  tag: string
  name_zh: string
  name_en: string
  since: string
  note: string
}

/** A row of a person's tag history (ended ones too, oldest first). */
export interface TagHistoryItem {
  id: number
  tag: string
  since: string
  until: string | null
  note: string
}

/** A person as every answer shows them: ID number and phone masked (empty when not known). */
export interface Person {
  id: number
  name: string
  gender: Gender
  birth_date: string
  age: number
  id_number: string
  phone: string
  residence_type: ResidenceType
  floating_registered_on: string | null
  floating_expires_on: string | null
  household_id: number | null
  region_code: string
  note: string
  tags: PersonTag[]
  version: number
  created_at: string
  updated_at: string
}

export interface PersonDetail extends Person {
  tag_history: TagHistoryItem[]
}

export interface PersonFilter {
  region?: string
  q?: string
  tag?: string
  household_id?: number | string
  residence_type?: string
}

export interface PersonFields {
  name?: string
  id_number?: string
  gender?: Gender
  birth_date?: string
  phone?: string
  residence_type?: ResidenceType
  floating_registered_on?: string
  floating_expires_on?: string
  note?: string
}

export interface PersonCreate extends PersonFields {
  name: string
  /** into a household (with relation and moved_in_on) ... */
  household_id?: number
  relation?: Relation
  moved_in_on?: string
  /** ... or registered at a place (community, grid or unit) */
  region_code?: string
}

export interface Household {
  id: number
  region_code: string
  building_id: number | null
  address: string
  room: string
  housing_type: HousingType
  landlord_id: number | null
  head_id: number | null
  version: number
  created_at: string
  updated_at: string
}

/** A household row of the list: with the number of current members. */
export interface HouseholdItem extends Household {
  members: number
}

export interface Member {
  membership_id: number
  relation: Relation
  moved_in_on: string
  person: Person
}

export interface FormerMember extends Member {
  moved_out_on: string
  out_reason: string
}

/** The household file (一户一档). */
export interface HouseholdFile extends Household {
  members: Member[]
  former_members: FormerMember[]
  /** tag code → how many current members carry it */
  tags: Record<string, number>
  building?: { id: number; name: string; address: string; region_code: string }
  landlord?: Person
}

export interface HouseholdCreate {
  region_code?: string
  building_id?: number
  address: string
  room?: string
  housing_type: HousingType
  landlord_id?: number
}

export interface HouseholdPatch {
  address?: string
  room?: string
  housing_type?: HousingType
  landlord_id?: number | null
  head_id?: number | null
  version: number
}

export interface Building {
  id: number
  region_code: string
  name: string
  address: string
  floors: number | null
  lat: number | null
  lng: number | null
  /** how many households are in it (GET /buildings) */
  households: number
  version: number
}

export interface BuildingCreate {
  region_code: string
  name: string
  address?: string
  floors?: number
  lat?: number
  lng?: number
}

export interface Business {
  id: number
  name: string
  licence_no: string | null
  kind: string
  owner_id: number | null
  region_code: string
  building_id: number | null
  address: string
  version: number
}

export interface BusinessCreate {
  name: string
  licence_no?: string
  kind?: string
  owner_id?: number
  region_code: string
  building_id?: number
  address?: string
}
