/**
 * Shared pieces of the browser tests: build the web UI when its sources changed, launch Debian's Chromium (never
 * a downloaded one), sign in. Chromium missing: CI fails, a developer machine skips with a hint.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before } from "node:test";
import { chromium, type Browser, type Page } from "playwright-core";
import { startTestApp } from "../support/app.js";

type TestApp = Awaited<ReturnType<typeof startTestApp>>;

export const CHROMIUM = "/usr/bin/chromium";

/**
 * The moment browser tests run at: the server's clock and each page's clock are set to it and stand still, so a
 * gap typed as "detected 210 minutes ago, contained 120 minutes ago" reads 1時間 30分 whenever the minute turns.
 * It is the current minute when the test file starts (not a fixed date), so what PostgreSQL compares with its
 * own now() (sessions, grants) stays within minutes of it.
 */
export const TEST_NOW = Math.floor(Date.now() / 60_000) * 60_000;

/** `minutesAgo` before TEST_NOW as a `datetime-local` value in Japan time, the way a responder types it. */
export const tokyoLocal = (minutesAgo: number): string => new Date(TEST_NOW - minutesAgo * 60_000 + 9 * 3_600_000).toISOString().slice(0, 16);
export const DEMO_PASSWORD = "sokuho-demo-password";

/** For describe(..., { skip }): a reason to skip on a machine without Chromium, or false. */
export const skipWithoutChromium: string | false =
  existsSync(CHROMIUM) || process.env.CI
    ? false
    : `${CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk (browser tests skipped)`;

export const launchBrowser = async (): Promise<Browser> => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing; CI must install Debian's chromium package`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
};

const root = process.cwd();
const WEB_INDEX = join(root, "dist", "web", "index.html");
const LOCK = join(root, "dist", ".web-build.lock");

const newestMtime = (path: string): number => {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((n) => newestMtime(join(path, n))));
};
const uiSources = (): string[] => [
  join(root, "src", "web"),
  join(root, "vite.config.ts"),
  ...readdirSync(join(root, "src", "capabilities")).map((c) => join(root, "src", "capabilities", c, "ui")),
];
const webIsStale = (): boolean =>
  !existsSync(WEB_INDEX) || statSync(WEB_INDEX).mtimeMs < Math.max(...uiSources().map(newestMtime));

/**
 * Builds dist/web unless it is newer than every UI source. Test files run in parallel, so a lock directory
 * (mkdir is atomic) makes one of them build while the others wait, instead of emptying dist/web under a server.
 */
export const buildWebOnce = async (): Promise<void> => {
  mkdirSync(join(root, "dist"), { recursive: true });
  for (let waited = 0; webIsStale(); waited += 200) {
    try {
      mkdirSync(LOCK);
    } catch {
      if (waited > 180_000) throw new Error(`waited 3 minutes for ${LOCK}; remove it if no build is running`);
      await sleep(200);
      continue;
    }
    try {
      if (webIsStale()) execFileSync("npx", ["vite", "build", "--logLevel", "error"], { cwd: root, stdio: "inherit" });
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
};

/** A fresh page at laptop size (1366×768) whose clock stands at TEST_NOW; browser console errors fail loudly in the test output. */
export const newPage = async (browser: Browser, baseUrl: string): Promise<Page> => {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 768 }, locale: "ja-JP", timezoneId: "Asia/Tokyo" });
  // Date.now() and new Date() read TEST_NOW; timers still run, so the page's refreshes still happen.
  await context.clock.setFixedTime(TEST_NOW);
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error("page error:", e.message));
  return page;
};

export const signIn = async (page: Page, email: string, password = DEMO_PASSWORD): Promise<void> => {
  await page.goto("/login");
  await page.getByLabel("メールアドレス").fill(email);
  await page.getByLabel("パスワード").fill(password);
  await page.getByRole("button", { name: "ログイン" }).click();
  await page.waitForURL(/\/o\/[0-9a-f-]{36}$/);
};

/** Where browser tests keep their screenshots (git-ignored): test-results/screenshots/<name>.png. */
export const SCREENSHOTS = join(root, "test-results", "screenshots");

/** A full-page screenshot of the page as it is now, kept under test-results/screenshots. */
export const screenshot = async (page: Page, name: string): Promise<void> => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
};

/** The page scrolls sideways: how far its document is wider than the window (0 when it fits). */
export const overflowX = (page: Page): Promise<number> =>
  // A string, not a function: this file is compiled without the DOM library.
  page.evaluate<number>("document.documentElement.scrollWidth - document.documentElement.clientWidth");

export type BrowserApp = {
  /** the server with the demo world (set before the first test) */
  readonly app: TestApp;
  /** a fresh page on that server */
  newPage: () => Promise<Page>;
};

/** Call inside a describe: builds the UI if needed, starts the server and Chromium before its tests, stops both after. */
export const useBrowserApp = (): BrowserApp => {
  let app: TestApp | undefined;
  let browser: Browser | undefined;
  before(async () => {
    await buildWebOnce();
    [app, browser] = await Promise.all([startTestApp({ now: () => new Date(TEST_NOW) }), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });
  return {
    get app(): TestApp {
      if (!app) throw new Error("the test app is not started yet (use it inside a test or before hook)");
      return app;
    },
    newPage: () => newPage(browser!, app!.baseUrl),
  };
};
