// Drives netlify/plugins/build-cache/index.js as Netlify would, with a stand-in for
// Netlify's utils.cache that behaves like @netlify/cache-utils on real folders (restore:
// replace the local path by the cached copy; save: replace the cached copy by the local
// path; both relative to the build's working directory). Prints what happened as JSON for
// tests/test_netlify.py.
//
//   node build-cache-plugin.js PLUGIN_DIR WORK_DIR
'use strict'
const fs = require('fs')
const path = require('path')

const [pluginDir, work] = process.argv.slice(2)
const plugin = require(path.resolve(pluginDir, 'index.js'))
const manifest = fs.readFileSync(path.join(pluginDir, 'manifest.yml'), 'utf8')
const store = path.join(work, 'netlify-cache')  // Netlify's own cache, outside the checkout

function fakeUtils(checkout, calls) {
  const cached = (p) => path.join(store, p)
  const exists = (p) => fs.existsSync(p) && fs.readdirSync(p).length > 0
  return {
    cache: {
      async restore(p) {
        calls.push(['restore', p])
        if (!exists(cached(p))) return false
        fs.rmSync(path.join(checkout, p), { recursive: true, force: true })
        fs.cpSync(cached(p), path.join(checkout, p), { recursive: true })
        return true
      },
      async save(p) {
        calls.push(['save', p])
        if (!exists(path.join(checkout, p))) return false
        fs.rmSync(cached(p), { recursive: true, force: true })
        fs.cpSync(path.join(checkout, p), cached(p), { recursive: true })
        return true
      },
    },
  }
}

function files(folder) {
  if (!fs.existsSync(folder)) return {}
  const found = {}
  for (const entry of fs.readdirSync(folder, { recursive: true })) {
    const full = path.join(folder, entry)
    if (fs.statSync(full).isFile()) found[entry.split(path.sep).join('/')] = fs.readFileSync(full, 'utf8')
  }
  return found
}

// The inputs' defaults as the manifest declares them (what Netlify passes without [plugins.inputs]).
function defaults() {
  const pathDefault = /name: path[\s\S]*?default: (\S+)/.exec(manifest)[1]
  const saveIn = /name: save_in[\s\S]*?default: \[([^\]]*)\]/.exec(manifest)[1]
  return { path: pathDefault, save_in: saveIn.split(',').map((s) => s.trim()).filter(Boolean) }
}

async function deploy(context, name, build) {
  const checkout = path.join(work, name)
  fs.mkdirSync(checkout, { recursive: true })
  const calls = []
  const previous = process.cwd()
  process.chdir(checkout)
  process.env.CONTEXT = context
  const log = []
  const original = console.log
  console.log = (...args) => log.push(args.join(' '))
  try {
    const options = { inputs: defaults(), utils: fakeUtils(checkout, calls), constants: {} }
    await plugin.onPreBuild(options)
    const restored = files(path.join(checkout, '.cache'))
    build(checkout)
    await plugin.onPostBuild(options)
    return { calls, restored, log, cached: files(path.join(store, '.cache')) }
  } finally {
    console.log = original
    process.chdir(previous)
  }
}

function writeCache(text) {
  return (checkout) => {
    fs.mkdirSync(path.join(checkout, '.cache', 'build', 'documents'), { recursive: true })
    fs.writeFileSync(path.join(checkout, '.cache', 'build', 'documents', 'a.pickle'), text)
    fs.mkdirSync(path.join(checkout, 'public'), { recursive: true })  // not to be cached
    fs.writeFileSync(path.join(checkout, 'public', 'index.html'), 'site ' + text)
  }
}

;(async () => {
  const result = {
    first: await deploy('production', 'checkout-1', writeCache('first')),
    second: await deploy('production', 'checkout-2', writeCache('second')),
    preview: await deploy('deploy-preview', 'checkout-3', writeCache('from a pull request')),
    after: await deploy('production', 'checkout-4', () => {}),
  }
  process.stdout.write(JSON.stringify(result))
})().catch((error) => { console.error(error); process.exit(1) })
