// The router: every page URL serves index.html; this module picks the page by the path, renders it
// into <main data-testid="page">, and marks it data-ready once its data is shown.
import { NotFound, h, clear, errorBox } from './dom.js';
import * as experiments from './pages/experiments.js';
import * as runs from './pages/runs.js';
import * as leaderboard from './pages/leaderboard.js';
import * as run from './pages/run.js';
import * as compare from './pages/compare.js';
import * as models from './pages/models.js';
import * as model from './pages/model.js';
import * as version from './pages/version.js';
import * as images from './pages/images.js';
import * as login from './pages/login.js';
import * as api from './api.js';

const ROUTES = [
  [/^\/$/, 'experiments', experiments],
  [/^\/experiments$/, 'experiments', experiments],
  [/^\/experiments\/([^/]+)$/, 'runs', runs],
  [/^\/experiments\/([^/]+)\/leaderboard$/, 'leaderboard', leaderboard],
  [/^\/runs\/([^/]+)$/, 'run', run],
  [/^\/compare$/, 'compare', compare],
  [/^\/models$/, 'models', models],
  [/^\/models\/([^/]+)\/versions\/([^/]+)$/, 'version', version],
  [/^\/models\/(.+)$/, 'model', model],
  [/^\/images$/, 'images', images],
];

const notFound = {
  title: 'Not found',
  async render({ main }) {
    main.append(h('h1', null, 'Not found'),
      h('p', { dataset: { testid: 'not-found' } }, `Nothing at ${location.pathname}. `,
        h('a', { href: '/experiments' }, 'Go to experiments')));
  },
};

let current = null;

function match(pathname) {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  for (const [pattern, name, page] of ROUTES) {
    const m = pattern.exec(path);
    if (m) {
      try {
        return { name, page, params: m.slice(1).map(decodeURIComponent) };
      } catch {
        break;
      }
    }
  }
  return { name: 'not-found', page: notFound, params: [] };
}

/** Whether a same-origin path is one of the UI's pages (so a click stays in the app). */
function isPage(pathname) {
  return /^\/($|experiments(\/|$)|runs\/|compare$|models(\/|$)|images$)/.test(pathname);
}

export function navigate(url, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  route();
}

async function route() {
  if (current) current.abort();
  const controller = new AbortController();
  current = controller;
  const { name, page, params } = match(location.pathname);
  const main = document.getElementById('page');
  main.removeAttribute('data-ready');
  main.dataset.page = name;
  main.setAttribute('aria-busy', 'true');
  clear(main);
  for (const a of document.querySelectorAll('[data-testid=nav] a')) {
    const section = a.dataset.nav;
    const active = section === name || (section === 'experiments' && ['runs', 'leaderboard', 'run', 'compare'].includes(name)) ||
      (section === 'models' && ['model', 'version'].includes(name));
    if (active) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `${page.title || name} · Galley`;
  try {
    await page.render({
      main,
      params,
      query: new URLSearchParams(location.search),
      signal: controller.signal,
      navigate,
    });
  } catch (error) {
    if (controller.signal.aborted || (error && error.name === 'AbortError')) return;
    if (error && error.status === 401) {
      showLogin(main);
    } else if (error instanceof NotFound) {
      clear(main);
      main.dataset.page = 'not-found';
      document.title = `${notFound.title} · Galley`;
      await notFound.render({ main });
    } else {
      main.prepend(errorBox(error));
    }
  }
  if (controller.signal.aborted) return;
  main.removeAttribute('aria-busy');
  main.dataset.ready = 'true';
}

document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const a = event.target.closest('a[href]');
  if (!a || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || !isPage(url.pathname)) return;
  event.preventDefault();
  if (url.pathname + url.search === location.pathname + location.search) return;
  navigate(url.pathname + url.search + url.hash);
});

/** The signed-in user and a logout button in the top bar; nothing with access control off. */
async function showUser() {
  const slot = document.querySelector('[data-testid=session]');
  clear(slot);
  let answer;
  try {
    answer = await api.session();
  } catch (error) {
    if (error && error.status === 401) return false;
    throw error;
  }
  if (!answer.access_control || !answer.user) return true;
  const button = h('button', { type: 'button', class: 'small', dataset: { testid: 'logout' } }, 'Log out');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await api.logout();
    } finally {
      clear(slot);
      showLogin(document.getElementById('page'));
    }
  });
  slot.append(h('span', { class: 'muted', dataset: { testid: 'current-user' } }, answer.user.username),
    button);
  return true;
}

function showLogin(main) {
  main.dataset.page = 'login';
  document.title = `${login.title} · Galley`;
  login.render({
    main,
    onSignedIn: async () => {
      await showUser();
      await route();
    },
  });
  main.removeAttribute('aria-busy');
  main.dataset.ready = 'true';
}

window.addEventListener('popstate', route);
showUser().then((signedIn) => {
  if (signedIn) route();
  else showLogin(document.getElementById('page'));
}, () => route());
