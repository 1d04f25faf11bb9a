/** The dashboard server's entry: `wharf dashboard` starts it (docs/dashboard.md). */
export { startDashboard, type Dashboard, type DashboardOptions } from './server.js';
