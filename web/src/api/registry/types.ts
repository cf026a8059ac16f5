import type { Schemas } from '../schema'
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
export type TagKind = Schemas['PersonTagKind']

/** A tag a person carries now (inside a person answer). */
export type PersonTag = Schemas['PersonTag']

/** A row of a person's tag history (ended ones too, oldest first). */
export type TagHistoryItem = Schemas['PersonTagHistoryItem']

/** A person as every answer shows them: ID number and phone masked (empty when not known). */
export type Person = Schemas['Person']

export type PersonDetail = Schemas['PersonDetail']

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

export type Household = Schemas['Household']

/** A household row of the list: with the number of current members. */
export type HouseholdItem = Schemas['HouseholdListItem']

export type Member = Schemas['HouseholdMember']

export type FormerMember = Schemas['HouseholdFormerMember']

/** The household file (一户一档). */
export type HouseholdFile = Schemas['HouseholdFile']

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

export type Building = Schemas['Building']

export interface BuildingCreate {
  region_code: string
  name: string
  address?: string
  floors?: number
  lat?: number
  lng?: number
}

export type Business = Schemas['Business']

export interface BusinessCreate {
  name: string
  licence_no?: string
  kind?: string
  owner_id?: number
  region_code: string
  building_id?: number
  address?: string
}
