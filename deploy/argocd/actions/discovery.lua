-- Argo CD resource actions of a Canary: Sluice's requests (the sluice.dev/request annotation).
local actions = {}
local status = obj.status or {}
local phase = status.phase or ""
local running = phase == "Waiting" or phase == "Progressing" or phase == "WaitingPromotion"
local paused = status.control ~= nil and status.control.paused == true
actions["promote"] = {["disabled"] = not running}
actions["abort"] = {["disabled"] = not running}
actions["pause"] = {["disabled"] = not running or paused}
actions["resume"] = {["disabled"] = not paused}
return actions
