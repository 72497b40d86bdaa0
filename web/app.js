// The builds page: an episode's builds, a build's live step timeline, its error, its review and its episode.
import { call, upload, useApi, ApiError } from './api.js';
import { signIn } from './auth.js';
import { drawWaveform, reasonColours } from './waveform.js';

const $ = (selector) => document.querySelector(selector);
const params = new URLSearchParams(location.search);
const state = { episode: params.get('episode') ?? 'demo', selected: params.get('build'), shown: null, review: null, approved: null, episodeShown: null };

const seconds = (value) => `${value.toFixed(2)} s`;
const since = (from, to) => (from ? `${((new Date(to ?? Date.now()) - new Date(from)) / 1000).toFixed(1)} s` : '');

function showMessage(text) {
  $('#build-message').textContent = text;
}

async function refreshList() {
  let builds = [];
  try {
    builds = (await call(`/episodes/${encodeURIComponent(state.episode)}/builds`)).builds;
  } catch (error) {
    showMessage(error.message);
    return;
  }
  const list = $('#build-list');
  list.replaceChildren(...builds.map((build) => {
    const item = document.createElement('li');
    item.dataset.buildId = build.buildId;
    item.classList.toggle('selected', build.buildId === state.selected);
    const name = document.createElement('span');
    name.textContent = `${new Date(build.createdAt).toLocaleString()} · ${build.buildId.split('.').pop().slice(-8)}`;
    const status = document.createElement('span');
    status.className = `state ${build.status}`;
    status.textContent = build.status === 'Running' ? `${build.progress}%` : label(build);
    item.append(name, status);
    item.addEventListener('click', () => select(build.buildId));
    return item;
  }));
  if (!state.selected && builds.length > 0) {
    select(builds[0].buildId);
  }
}

/** A build's state as a podcaster reads it: its place in line, or when a scheduled build publishes. */
function label(build) {
  if (build.status === 'Queued') {
    return `Queued, #${build.queuePosition} in line`;
  }
  if (build.status === 'Scheduled' && build.outputs.scheduledFor) {
    return `Scheduled for ${new Date(build.outputs.scheduledFor.endsWith('Z') ? build.outputs.scheduledFor : `${build.outputs.scheduledFor}Z`).toLocaleString()}`;
  }
  return build.status;
}

function select(buildId) {
  state.selected = buildId;
  state.shown = null;
  state.review = null;
  state.episodeShown = null;
  $('#review-panel').hidden = true;
  $('#episode-panel').hidden = true;
  $('#retry-panel').hidden = true;
  $('#cancel-panel').hidden = true;
  $('#review-waveform').replaceChildren();
  $('#episode-waveform').replaceChildren();
  for (const item of document.querySelectorAll('#build-list li')) {
    item.classList.toggle('selected', item.dataset.buildId === buildId);
  }
  refreshDetail();
}

function renderTimeline(build) {
  const items = build.steps.map((step) => {
    const item = document.createElement('li');
    item.className = step.status;
    item.dataset.step = step.name;
    const bar = document.createElement('progress');
    bar.max = 1;
    const parts = step.parts && step.parts.total > 0 ? step.parts : null;
    if (step.status !== 'Running') {
      bar.value = step.status === 'Pending' ? 0 : 1;
    } else if (parts) {
      // A step that fans out (an hour's transcription is 20-odd chunks) fills its bar as its parts finish.
      bar.value = parts.done / parts.total;
    }
    // A reused step did not run: an earlier build gave it the same inputs, and its result was taken.
    item.classList.toggle('reused', Boolean(step.reused));
    const label = document.createElement('div');
    label.textContent = `${step.name} · ${step.reused ? 'reused' : step.status}` + (parts && !step.reused ? ` · ${parts.done} of ${parts.total}` : '');
    const time = document.createElement('small');
    time.textContent = step.status === 'Skipped' ? '' : since(step.startedAt, step.finishedAt);
    item.append(label, bar, time);
    return item;
  });
  $('#timeline').replaceChildren(...items);
}

let refreshing = false;

async function refreshDetail() {
  if (!state.selected || refreshing) {
    return;
  }
  refreshing = true;
  try {
    await showDetail();
  } catch (error) {
    showMessage(error.message);
  } finally {
    refreshing = false;
  }
}

async function showDetail() {
  let build;
  try {
    build = await call(`/builds/${encodeURIComponent(state.selected)}`);
  } catch (error) {
    $('#detail-status').textContent = error.message;
    return;
  }
  $('#detail').hidden = false;
  $('#detail').dataset.status = build.status;
  $('#detail-title').textContent = `Build ${build.buildId.split('.').pop().slice(-8)} of ${build.episodeId}`;
  $('#detail-status').innerHTML = '';
  const status = document.createElement('span');
  status.className = `state ${build.status}`;
  status.textContent = label(build);
  const overall = document.createElement('progress');
  overall.max = 100;
  overall.value = build.progress;
  $('#detail-status').append(status, ' ', overall, ` ${build.progress}%`);
  if (build.retryOf) {
    $('#detail-status').append(` · retry of ${build.retryOf.split('.').pop().slice(-8)}`);
  }
  if (build.stalled) {
    // Nothing has moved for longer than a step may run: the operator has been told (BuildStalled in the API's log).
    const stalled = document.createElement('span');
    stalled.className = 'stalled';
    stalled.textContent = ` stalled: no progress since ${new Date(build.stalledSince).toLocaleString()}`;
    $('#detail-status').append(stalled);
  }
  renderTimeline(build);
  const error = $('#error');
  error.hidden = !build.error;
  error.textContent = build.error ? `${build.error.step}: ${build.error.message}` : '';
  $('#retry-panel').hidden = !(build.status === 'Failed' || build.status === 'Canceled');
  $('#cancel-panel').hidden = !['Pending', 'Queued', 'Running', 'AwaitingReview', 'Scheduled'].includes(build.status);
  // A status read before an approval landed still says AwaitingReview: the approved build's review is not asked for again.
  if (build.status === 'AwaitingReview' && !state.review && state.approved !== build.buildId) {
    await showReview(build.buildId);
  }
  if (build.status !== 'AwaitingReview') {
    $('#review-panel').hidden = true;
  }
  if (build.status === 'Completed' && build.episodeUrl && state.episodeShown !== build.buildId) {
    state.episodeShown = build.buildId;
    $('#episode-panel').hidden = false;
    await drawWaveform($('#episode-waveform'), $('#episode-audio'), build.episodeUrl, build.episodePeaksUrl);
  }
}

async function showReview(buildId) {
  const review = await call(`/builds/${encodeURIComponent(buildId)}/review`);
  state.review = { ...review, keep: new Set(), apply: new Set() };
  $('#review-panel').hidden = false;
  const { regions } = await drawWaveform($('#review-waveform'), $('#review-audio'), review.recordingUrl, review.peaksUrl, { withRegions: true, duration: review.durationSeconds });
  const byId = new Map();
  for (const cut of review.cuts) {
    const suggested = cut.confidence === 'suggested';
    const colour = suggested ? reasonColours.suggested : reasonColours[cut.reason];
    const region = regions.addRegion({ id: cut.id, start: cut.start, end: cut.end, color: colour, drag: false, resize: false });
    region.element.dataset.reason = cut.reason;
    region.element.dataset.cut = cut.id;
    region.element.dataset.confidence = cut.confidence;
    region.element.classList.toggle('suggested', suggested);
    region.element.title = `${suggested ? 'suggested ' : ''}${cut.reason}: ${cut.text}${cut.doubt ? ` (${cut.doubt})` : ''}`;
    byId.set(cut.id, region);
  }
  regions.on('region-clicked', (region, event) => {
    event.stopPropagation();
    region.play(true);
  });
  // A confirmed cut is applied unless ticked "keep"; a suggestion only when ticked "cut".
  const row = (cut) => {
    const suggested = cut.confidence === 'suggested';
    const chosen = suggested ? state.review.apply : state.review.keep;
    const tr = document.createElement('tr');
    tr.dataset.cut = cut.id;
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.name = suggested ? 'apply' : 'keep';
    box.value = cut.id;
    box.checked = false;
    box.setAttribute('aria-label', `${suggested ? 'Cut' : 'Keep'} ${cut.id}`);
    box.addEventListener('change', () => {
      if (box.checked) {
        chosen.add(cut.id);
      } else {
        chosen.delete(cut.id);
      }
      tr.classList.toggle(suggested ? 'applied' : 'kept', box.checked);
      const cutsIt = suggested ? box.checked : !box.checked;
      byId.get(cut.id).setOptions({ color: cutsIt ? reasonColours[cut.reason] : suggested ? reasonColours.suggested : reasonColours.kept });
    });
    const evidence = (cut.evidence ?? []).map((e) => `${e.signal} ${e.score}`).join(', ');
    const cells = [cut.id, cut.reason, seconds(cut.start), seconds(cut.end), cut.text, suggested ? cut.doubt ?? '' : evidence].map((text) => {
      const cell = document.createElement('td');
      cell.textContent = text;
      return cell;
    });
    const boxCell = document.createElement('td');
    boxCell.append(box);
    tr.append(boxCell, ...cells);
    return tr;
  };
  $('#cuts tbody').replaceChildren(...review.cuts.filter((c) => c.confidence !== 'suggested').map(row));
  const suggestions = review.cuts.filter((c) => c.confidence === 'suggested');
  $('#suggestions tbody').replaceChildren(...suggestions.map(row));
  $('#suggestions-panel').hidden = suggestions.length === 0;
  $('#approve').disabled = false;
}

async function approve() {
  const button = $('#approve');
  button.disabled = true;
  try {
    await call(`/builds/${encodeURIComponent(state.selected)}/review`, { method: 'POST', body: { keep: [...state.review.keep], apply: [...state.review.apply], approve: true } });
    state.approved = state.selected;
    $('#review-panel').hidden = true;
    state.review = null;
    showMessage('Approved: the build goes on to publish.');
  } catch (error) {
    button.disabled = false;
    showMessage(error instanceof ApiError ? error.message : String(error));
  }
}

/**
 * Runs `begin` (which starts a build and answers it) with `button` disabled, then says `done` and selects the new build;
 * an error is shown instead.
 */
async function startWith(button, done, begin) {
  button.disabled = true;
  try {
    const started = await begin();
    showMessage(done);
    await refreshList();
    select(started.buildId);
  } catch (error) {
    showMessage(error.message);
  } finally {
    button.disabled = false;
  }
}

/** Starts a new build with the selected one's input; it is selected once accepted. */
function retry() {
  return startWith($('#retry'), 'Retry started.', () => call(`/builds/${encodeURIComponent(state.selected)}/retry`, { method: 'POST' }));
}

/** Stops the selected build (running, waiting for review or for its publish time); it ends Canceled and publishes nothing. */
async function cancelBuild() {
  const button = $('#cancel');
  button.disabled = true;
  try {
    await call(`/builds/${encodeURIComponent(state.selected)}/cancel`, { method: 'POST' });
    showMessage('Cancel requested.');
    await refreshList();
    await refreshDetail();
  } catch (error) {
    showMessage(error.message);
  } finally {
    button.disabled = false;
  }
}

/** Takes the selected build's episode out of its podcast's feed and deletes its published files, once confirmed. */
async function unpublish() {
  const build = await call(`/builds/${encodeURIComponent(state.selected)}`);
  const podcast = build.outputs.feed?.split('/').pop().replace(/\.xml$/, '');
  if (!podcast || !confirm(`Unpublish episode ${build.episodeId} from ${podcast}? It leaves the feed and its published files are deleted.`)) {
    return;
  }
  const button = $('#unpublish');
  button.disabled = true;
  try {
    const done = await call(`/podcasts/${encodeURIComponent(podcast)}/episodes/${encodeURIComponent(build.episodeId)}`, { method: 'DELETE' });
    $('#episode-audio').removeAttribute('src');
    $('#episode-panel').hidden = true;
    showMessage(done.removedFromFeed
      ? `Unpublished: ${done.episodeId} left ${done.podcast}'s feed; ${done.deletedFiles} published files deleted.`
      : `${done.episodeId} was not in ${done.podcast}'s feed; ${done.deletedFiles} published files deleted.`);
  } catch (error) {
    showMessage(error.message);
  } finally {
    button.disabled = false;
  }
}

/** A new build of the episode from the selected one: only what the form changes is sent (the API merges it into that build's request). */
function rebuild(event) {
  event.preventDefault();
  return startWith($('#rebuild-start'), 'Rebuild started.', async () => {
    const text = $('#rebuild-segment').value.trim();
    const body = { from: state.selected };
    if (text) {
      body.segments = [{ id: 'segment-1', text, position: 'after-intro' }];
    }
    const intro = $('#rebuild-intro').files[0];
    if (intro) {
      showMessage('Uploading the intro…');
      body.intro = await upload(intro);
    }
    $('#rebuild').open = false;
    return call(`/episodes/${encodeURIComponent(state.episode)}/builds`, { method: 'POST', body });
  });
}

function startBuild(event) {
  event.preventDefault();
  const file = $('#recording').files[0];
  if (!file) {
    return;
  }
  return startWith($('#start'), 'Build started.', async () => {
    showMessage('Uploading…');
    const recording = await upload(file);
    const uploadIf = async (input) => (input.files[0] ? upload(input.files[0]) : null);
    const [episodeArt, showArt, bed] = [await uploadIf($('#episode-art')), await uploadIf($('#show-art')), await uploadIf($('#bed'))];
    showMessage('Starting the build…');
    const publish = {
      podcast: $('#podcast').value,
      title: $('#title').value,
      show: show(showArt),
      ...publishAt(),
      ...($('#notes').value.trim() ? { description: $('#notes').value } : {}),
      ...($('#chapters-in-notes').checked ? { chaptersInNotes: true } : {}),
      ...(episodeArt ? { image: episodeArt } : {}),
      ...($('#channels').value ? { channels: $('#channels').value } : {}),
    };
    const body = { recording, review: $('#review').checked, publish };
    if (bed) {
      body.musicBed = { key: bed, levelDb: Number($('#bed-level').value), duckDb: Number($('#bed-duck').value) };
    }
    return call(`/episodes/${encodeURIComponent(state.episode)}/builds`, { method: 'POST', body });
  });
}

/** The publish time the form asks for, in UTC (the field is in the browser's time zone); nothing to publish at once. */
function publishAt() {
  const value = $('#publish-at').value;
  return value ? { at: new Date(value).toISOString() } : {};
}

/**
 * The show from the form's Show section, sent with every build: it describes a new podcast and updates an existing one.
 * Uploaded cover art (its key) takes the place of the URL.
 */
function show(art) {
  const author = $('#show-author').value;
  return {
    title: $('#show-title').value,
    description: $('#show-description').value,
    author,
    ownerName: author,
    ownerEmail: $('#show-email').value,
    ...(art ? { image: art } : { imageUrl: $('#show-image').value }),
    category: $('#show-category').value,
  };
}

function showEpisode(event) {
  event.preventDefault();
  state.episode = $('#episode').value;
  state.selected = null;
  history.replaceState(null, '', `?episode=${encodeURIComponent(state.episode)}`);
  refreshList();
}

/** Signs in when the page has sign-in settings (auth.js), then shows the episode's builds and keeps them current. */
async function start() {
  $('#episode').value = state.episode;
  try {
    const session = await signIn();
    if (session) {
      const { account, api } = session;
      useApi(api);
      $('#account-name').textContent = account.name || account.username;
      $('#account').hidden = false;
      $('#sign-out').addEventListener('click', () => window.episodeBuilderAuth.signOut());
    }
  } catch (error) {
    showMessage(`Sign-in failed: ${error.message}`);
    return;
  }
  $('#episode-form').addEventListener('submit', showEpisode);
  $('#build-form').addEventListener('submit', startBuild);
  $('#approve').addEventListener('click', approve);
  $('#retry').addEventListener('click', retry);
  $('#rebuild-form').addEventListener('submit', rebuild);
  $('#cancel').addEventListener('click', cancelBuild);
  $('#unpublish').addEventListener('click', unpublish);
  refreshList();
  setInterval(refreshList, 3000);
  setInterval(refreshDetail, 1000);
}

start();
