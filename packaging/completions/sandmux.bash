# bash completion for sandmux. Session names come from `sandmux ls --json` (which
# starts the broker if needed), jail names from `sandmux jails --json`, profile names
# from `sandmux profile list`.

_sandmux_sessions() {
  sandmux ls --json 2>/dev/null | grep -o '"name":"[A-Za-z0-9._-]*"' | cut -d'"' -f4
}

_sandmux_jails() {
  sandmux jails --json 2>/dev/null | grep -o '"name":"[A-Za-z0-9._-]*"' | cut -d'"' -f4
}

_sandmux_profiles() {
  sandmux profile list 2>/dev/null | awk '{print $1}'
}

_sandmux() {
  local cur prev verb i
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  local verbs="attach broker capture doctor jails keys kill logs ls new profile run send socket wait"
  verb=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      -*) ;;
      *) verb=${COMP_WORDS[i]}; break ;;
    esac
  done
  if [[ -z $verb ]]; then
    COMPREPLY=($(compgen -W "$verbs --help --version -v --verbose" -- "$cur"))
    return
  fi
  case $prev in
    -p|--profile) COMPREPLY=($(compgen -W "$(_sandmux_profiles)" -- "$cur")); return ;;
    -C|--dir) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    -n|--name|--size|-e|--env|--idle|--timeout|--match|--since) return ;;
  esac
  local options=""
  case $verb in
    new) options="-p --profile -C --dir -n --name --size -e --env --json --" ;;
    run) options="-p --profile -C --dir --" ;;
    ls) options="--json" ;;
    send) options="--no-enter --" ;;
    capture) options="--history --escapes" ;;
    logs) options="-f --follow --since --raw" ;;
    wait) options="--exit --idle --match --timeout" ;;
    attach) options="-r --read-only" ;;
    socket) options="-p --profile -C --dir" ;;
    doctor) options="--json" ;;
    broker) COMPREPLY=($(compgen -W "start stop status --foreground" -- "$cur")); return ;;
    profile) COMPREPLY=($(compgen -W "list show check" -- "$cur")); return ;;
    jails)
      if [[ $prev == jails ]]; then
        COMPREPLY=($(compgen -W "stop --json" -- "$cur"))
      elif [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "--all" -- "$cur"))
      else
        COMPREPLY=($(compgen -W "$(_sandmux_jails)" -- "$cur"))
      fi
      return ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
    return
  fi
  case $verb in
    send|keys|capture|logs|wait|attach|kill|socket)
      # The session name is the first word after the verb that is not an option.
      local seen=0
      for ((i = i + 1; i < COMP_CWORD; i++)); do
        [[ ${COMP_WORDS[i]} == -* ]] || seen=1
      done
      if ((seen == 0)); then
        COMPREPLY=($(compgen -W "$(_sandmux_sessions)" -- "$cur"))
      elif [[ $verb == keys ]]; then
        COMPREPLY=($(compgen -W "Enter Escape Tab BSpace Up Down Left Right Home End PageUp PageDown C-c C-d C-z C-l" -- "$cur"))
      fi
      ;;
    new|run) COMPREPLY=($(compgen -c -- "$cur")) ;;
  esac
}

complete -F _sandmux sandmux
