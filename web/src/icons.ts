// The Element Plus icons the app names as components: in templates (<Search />), as a
// button's icon by name (icon="Search") and in the menu (route meta.icon). Registered
// globally by name, and only these: importing the whole set costs phones about 150 KB.
// Icons passed as values (:icon="Plus") are imported where they are used.
import type { App } from 'vue'
import {
  ArrowDown, Avatar, Bell, Briefcase, Camera, ChatDotRound, ChatDotSquare, ChatLineRound, Checked, CircleCheckFilled,
  Close, Collection, CollectionTag, DataAnalysis, Document, Download, EditPen, Expand, Finished, Fold, Guide, House, Key,
  List, Loading, Location, Lock, MapLocation, Medal, Memo, Menu, Notebook, Notification, OfficeBuilding, Operation,
  Picture, PieChart, Pointer, Present, Promotion, Remove, Right, School, Search, Share, Shop, Stamp, Star, SwitchButton, Tickets,
  TrendCharts, Upload, User, VideoCamera, View, WarningFilled,
} from '@element-plus/icons-vue'

const icons = {
  ArrowDown, Avatar, Bell, Briefcase, Camera, ChatDotRound, ChatDotSquare, ChatLineRound, Checked, CircleCheckFilled,
  Close, Collection, CollectionTag, DataAnalysis, Document, Download, EditPen, Expand, Finished, Fold, Guide, House, Key,
  List, Loading, Location, Lock, MapLocation, Medal, Memo, Menu, Notebook, Notification, OfficeBuilding, Operation,
  Picture, PieChart, Pointer, Present, Promotion, Remove, Right, School, Search, Share, Shop, Stamp, Star, SwitchButton, Tickets,
  TrendCharts, Upload, User, VideoCamera, View, WarningFilled,
}

export function registerIcons(app: App) {
  for (const [name, comp] of Object.entries(icons)) app.component(name, comp)
}
