/** Settings of the app instance the browser tests start (fresh embedded database each run). */
export const E2E_PORT = 3310;
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
export const E2E_DATA_DIR = ".data/e2e";
export const E2E_ADMIN_PASSWORD = "e2e-admin-password";
export const E2E_DEMO_PASSWORD = "e2e-demo-password";
