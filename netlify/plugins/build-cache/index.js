// Keeps the site's build cache folder (<site>/.cache/, where `python build.py` keeps what
// it can reuse) between Netlify deploys, so that a deploy after one edited meeting costs
// about a rebuild from the command line instead of a cold build.
//
// onPreBuild restores the folder that the last saving build left; onPostBuild (only after
// a successful build) saves it. The cache checks its own inputs (content, data, templates,
// the engine), so a restored folder can never make a page stale: at worst it is not used.
//
// Only the contexts named in `save_in` (production) save: deploy previews of pull requests
// run code from the pull request, and the cache holds pickled objects that production
// builds load, so a pull request must not be able to write it. Every context restores.

const onPreBuild = async function ({ inputs, utils }) {
  const path = inputs.path
  if (await utils.cache.restore(path)) {
    console.log(`Byggecachen (${path}) er hentet fra en tidligere udgivelse.`)
  } else {
    console.log(`Ingen gemt byggecache (${path}) endnu: bygningen læser og bygger alt.`)
  }
}

const onPostBuild = async function ({ inputs, utils }) {
  const path = inputs.path
  const context = process.env.CONTEXT || ''
  if (!inputs.save_in.includes(context)) {
    console.log(`Byggecachen (${path}) gemmes ikke fra en bygning i sammenhængen ` +
                `'${context}' (kun fra ${inputs.save_in.join(', ')}).`)
    return
  }
  if (await utils.cache.save(path)) {
    console.log(`Byggecachen (${path}) er gemt til næste udgivelse.`)
  } else {
    console.log(`Der er ingen byggecache (${path}) at gemme.`)
  }
}

module.exports = { onPreBuild, onPostBuild }
