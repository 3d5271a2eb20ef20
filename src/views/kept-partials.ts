import Handlebars from 'handlebars';
import { langOf } from './context.js';

/**
 * {{card h="h3" details=true}} inside {{#each}} over activities: the activity-card partial, kept
 * per activity, language and variant for as long as the activity lives. Only a frozen activity's
 * card is kept: the domain freezes what it keeps and makes a new object when the activity changes
 * (src/domain/kept-reads.ts), so a kept card is never out of date. A town's page or a search shows
 * dozens of cards, and rendering them was most of such a page's template time.
 */
export function keptCard(partial: Handlebars.TemplateDelegate): Handlebars.HelperDelegate {
  const kept = new WeakMap<object, Map<string, Handlebars.SafeString>>();
  return function card(this: object, options: Handlebars.HelperOptions): Handlebars.SafeString {
    const { h, details } = options.hash as { h: string; details?: boolean };
    // As {{> activity-card h=… details=…}} would: the activity with the hash's values, and the page's @data.
    const render = () => new Handlebars.SafeString(partial({ ...this, h, details }, { data: options.data }));
    if (!Object.isFrozen(this)) return render();
    const variant = `${langOf(options)} ${h} ${details === true}`;
    let cards = kept.get(this);
    if (!cards) kept.set(this, (cards = new Map()));
    let html = cards.get(variant);
    if (!html) cards.set(variant, (html = render()));
    return html;
  };
}

/**
 * {{menuOptions}} inside {{#each form.selects}}: a filter menu's <option>s (partials/menu-options.hbs),
 * kept per options list while it is a frozen one; src/routes/pages/filter-form.ts keeps one per
 * list, language and choice, and the labels are the only words in it.
 */
export function keptMenuOptions(partial: Handlebars.TemplateDelegate): Handlebars.HelperDelegate {
  const kept = new WeakMap<object, Handlebars.SafeString>();
  return function menuOptions(this: { options: readonly object[] }, options: Handlebars.HelperOptions): Handlebars.SafeString {
    let html = kept.get(this.options);
    if (!html) {
      html = new Handlebars.SafeString(partial(this, { data: options.data }));
      if (Object.isFrozen(this.options)) kept.set(this.options, html);
    }
    return html;
  };
}
