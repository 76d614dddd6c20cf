import { LOGIN_STATUS, type LoginStatus, NET_STATES, type NetState } from '@chatgate/protocol'

export function loginStatusLabel(status: LoginStatus): string {
  switch (status) {
    case LOGIN_STATUS.LOGINED:
      return 'Logged in'
    case LOGIN_STATUS.LOGINING:
      return 'Logging in'
    case LOGIN_STATUS.LOGOUT:
      return 'Logged out'
    default:
      return status satisfies never
  }
}

export function netStateLabel(state: NetState): string {
  switch (state) {
    case NET_STATES.NET_STATE_CONNECTED:
      return 'Online'
    case NET_STATES.NET_STATE_CONNECTING:
      return 'Connecting…'
    case NET_STATES.NET_STATE_DISCONNECTED:
      return 'Disconnected'
    default:
      return state satisfies never
  }
}
