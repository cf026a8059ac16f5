import { http } from './request'

export interface Grant {
  id: number | string
  role: string
  region_code: string
  region_name?: string
}

export interface CurrentUser {
  id: number | string
  username: string
  display_name: string
  grants: Grant[]
  permissions: string[]
}

export interface LoginAnswer {
  token: string
  expires_at: string
  user: CurrentUser
}

export const login = (username: string, password: string) =>
  http.post<LoginAnswer>('/auth/login', { username, password }, { silent: true, noAuthRedirect: true })

export const logout = () => http.post<void>('/auth/logout', undefined, { silent: true, noAuthRedirect: true })

export const getMe = () => http.get<CurrentUser>('/auth/me', undefined, { silent: true, noAuthRedirect: true })

export const changePassword = (old_password: string, new_password: string) =>
  http.post<void>('/auth/password', { old_password, new_password }, { silent: true })
