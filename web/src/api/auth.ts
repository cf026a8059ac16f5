import { http } from './request'
import type { Schemas } from './schema'

export type Grant = Schemas['Grant']

export type CurrentUser = Schemas['CurrentUser']

export type LoginAnswer = Schemas['LoginSession']

export const login = (username: string, password: string) =>
  http.post<LoginAnswer>('/auth/login', { username, password }, { silent: true, noAuthRedirect: true })

export const logout = () => http.post<void>('/auth/logout', undefined, { silent: true, noAuthRedirect: true })

export const getMe = () => http.get<CurrentUser>('/auth/me', undefined, { silent: true, noAuthRedirect: true })

export const changePassword = (old_password: string, new_password: string) =>
  http.post<void>('/auth/password', { old_password, new_password }, { silent: true })
