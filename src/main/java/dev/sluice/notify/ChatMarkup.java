package dev.sluice.notify;

import java.util.regex.Pattern;

/**
 * How each chat service is told that text is only text. What a message shows comes from Canaries,
 * metric values and status, which anyone who may write a Canary controls: unescaped, it could ping
 * a whole channel ({@code <!channel>}, {@code @everyone}) or disguise a link ({@code
 * <https://evil|the logs>}, {@code [dashboard](https://evil)}). Every notifier passes the message
 * and every field through its service's escape; the message template is escaped with it, so a
 * template carries no markup either.
 */
final class ChatMarkup {
  /** Breaks a mention or a link without changing what people read. */
  private static final String ZERO_WIDTH_SPACE = "\u200b";

  private static final Pattern DISCORD_MENTIONS = Pattern.compile("@(everyone|here)");
  private static final Pattern ROCKET_MENTIONS = Pattern.compile("@(all|here|channel)");
  private static final Pattern MARKDOWN_LINK = Pattern.compile("]\\(");

  private ChatMarkup() {}

  /**
   * Slack's three control characters, as Slack documents for message text: mentions ({@code
   * <!channel>}, {@code <@U123>}) and links ({@code <url|text>}) all start with {@code <}.
   */
  static String slack(String text) {
    return html(text);
  }

  /**
   * Discord's Slack-compatible endpoint reads Slack's markup, and also Discord's own {@code
   * @everyone} and {@code @here}, which a zero-width space after the {@code @} neutralises (the
   * payload also allows no mentions at all).
   */
  static String discord(String text) {
    return DISCORD_MENTIONS.matcher(slack(text)).replaceAll("@" + ZERO_WIDTH_SPACE + "$1");
  }

  /**
   * Rocket.Chat renders markdown and Slack-style {@code <url|text>} links and shows entities as
   * typed, so links and its {@code @all}/{@code @here} mentions are broken by a zero-width space.
   */
  static String rocket(String text) {
    String unlinked =
        MARKDOWN_LINK
            .matcher(text.replace("<", "<" + ZERO_WIDTH_SPACE))
            .replaceAll("]" + ZERO_WIDTH_SPACE + "(");
    return ROCKET_MENTIONS.matcher(unlinked).replaceAll("@" + ZERO_WIDTH_SPACE + "$1");
  }

  /**
   * Teams' MessageCard text is markdown with some HTML ({@code <at>} mentions, {@code <a>}): HTML
   * is escaped and markdown links broken.
   */
  static String teams(String text) {
    return MARKDOWN_LINK.matcher(html(text)).replaceAll("]" + ZERO_WIDTH_SPACE + "(");
  }

  /** Google Chat's card text is a subset of HTML. */
  static String googleChat(String text) {
    return html(text);
  }

  private static String html(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
