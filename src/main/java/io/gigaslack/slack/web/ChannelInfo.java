package io.gigaslack.slack.web;

/**
 * What {@code conversations.info} says about a conversation the bot can see, as far as posting there goes. (One it
 * cannot see, a private channel or a direct message it is not part of, Slack answers {@code channel_not_found}.)
 *
 * @param im a direct message with one person ({@code is_im}): one the bot can see is its own DM with that person
 * @param isPrivate a private channel or a direct message between several people ({@code is_private},
 *     {@code is_group}, {@code is_mpim})
 * @param member the bot is in it ({@code is_member})
 */
public record ChannelInfo(boolean im, boolean isPrivate, boolean member) {}
