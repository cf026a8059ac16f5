// The Element Plus icons the app names as components: in templates (<Search />), as a
// button's icon by name (icon="Search") and in the menu (route meta.icon). Registered
// globally by name, and only these: importing the whole set costs phones about 150 KB.
// Icons passed as values (:icon="Plus") are imported where they are used.
import type { App } from 'vue'
import {
  ArrowDown, Avatar, Bell, Briefcase, Calendar, Camera, ChatDotRound, ChatDotSquare, ChatLineRound, ChatLineSquare,
  Checked, CircleCheck, CircleCheckFilled, Close, Coin, Collection, CollectionTag, DataAnalysis, DataBoard, DataLine,
  Document, Download, EditPen, Expand, Finished, Fold, Guide, Histogram, House, Key, List, Loading, Location, Lock,
  MapLocation, Medal, Memo, Menu, Notebook, Notification, OfficeBuilding, Operation, Picture, PieChart, Pointer,
  Postcard, Present, Promotion, Remove, Right, School, Search, Share, Shop, ShoppingCart, Stamp, Star, SwitchButton,
  Ticket, Tickets, TrendCharts, Trophy, Upload, User, UserFilled, VideoCamera, View, Wallet, WarningFilled,
} from '@element-plus/icons-vue'

const icons = {
  ArrowDown, Avatar, Bell, Briefcase, Calendar, Camera, ChatDotRound, ChatDotSquare, ChatLineRound, ChatLineSquare,
  Checked, CircleCheck, CircleCheckFilled, Close, Coin, Collection, CollectionTag, DataAnalysis, DataBoard, DataLine,
  Document, Download, EditPen, Expand, Finished, Fold, Guide, Histogram, House, Key, List, Loading, Location, Lock,
  MapLocation, Medal, Memo, Menu, Notebook, Notification, OfficeBuilding, Operation, Picture, PieChart, Pointer,
  Postcard, Present, Promotion, Remove, Right, School, Search, Share, Shop, ShoppingCart, Stamp, Star, SwitchButton,
  Ticket, Tickets, TrendCharts, Trophy, Upload, User, UserFilled, VideoCamera, View, Wallet, WarningFilled,
}

export function registerIcons(app: App) {
  for (const [name, comp] of Object.entries(icons)) app.component(name, comp)
}
