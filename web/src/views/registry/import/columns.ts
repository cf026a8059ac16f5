import type { ImportKind } from '@/api/registry'

/** The columns of each kind (by Chinese or English header; the server lists more synonyms). */
export interface ColumnDoc {
  key: string
  headers: string
  required: boolean
  /** registry.import.col.<text>: what it holds */
  text: string
}
const col = (key: string, headers: string, required = false, text = key): ColumnDoc => ({ key, headers, required, text })
export const COLUMNS: Record<ImportKind, ColumnDoc[]> = {
  persons: [
    col('name', '姓名 / name', true),
    col('id_number', '身份证号 / id_number', true),
    col('region_code', '网格编码 / region_code', true),
    col('address', '地址 / address', true),
    col('room', '房号 / room'),
    col('phone', '手机 / phone'),
    col('residence_type', '人口类型 / residence_type'),
    col('housing_type', '住房类型 / housing_type'),
    col('relation', '与户主关系 / relation'),
    col('tags', '标签 / tags'),
    col('floating', '居住证登记日期, 居住证到期日期 / floating_registered_on, floating_expires_on'),
    col('note', '备注 / note'),
  ],
  households: [
    col('region_code', '网格编码 / region_code', true),
    col('address', '地址 / address', true),
    col('room', '房号 / room'),
    col('housing_type', '住房类型 / housing_type'),
    col('building', '楼栋 / building'),
  ],
  buildings: [
    col('region_code', '网格编码 / region_code', true, 'region_grid'),
    col('name', '楼栋名称 / name', true, 'building_name'),
    col('address', '地址 / address', false, 'address_optional'),
    col('floors', '层数 / floors'),
    col('lat', '纬度, 经度 / lat, lng', false, 'latlng'),
  ],
  businesses: [
    col('name', '名称 / name', true, 'business_name'),
    col('licence_no', '统一社会信用代码 / licence_no'),
    col('kind', '类别 / kind'),
    col('region_code', '网格编码 / region_code', true),
    col('address', '地址 / address', false, 'address_optional'),
    col('building', '楼栋 / building'),
    col('owner_id_number', '经营者身份证号 / owner_id_number'),
  ],
}
